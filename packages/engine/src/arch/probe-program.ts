// The engine's own tiny 32-bit programs, run to ask the kernel whether it executes 32-bit code
// (IA32 emulation on amd64, AArch32 on arm64). Nothing from a chroot is ever run for this.

/** The 32-bit families a 64-bit kernel may run beside its own, keyed by the host's architecture. */
export const compatFamilyOf: Readonly<Record<string, CompatFamily>> = { amd64: 'i386', arm64: 'arm' };

/** A 32-bit family: 'i386' (i386 chroots on amd64), 'arm' (armhf and armel chroots on arm64). */
export type CompatFamily = 'i386' | 'arm';

/** Which chroot architectures each family covers. */
export const familyArchs: Readonly<Record<CompatFamily, readonly string[]>> = { i386: ['i386'], arm: ['armhf', 'armel'] };

/**
 * The exit status the programs end with. Only a kernel that really ran the program can give it:
 * when execve() refuses a file, execvp() hands it to /bin/sh as a script, which exits 126, 127
 * or 2 on these bytes.
 */
export const probeExitCode = 42;

// Machine code that calls exit(42) and nothing else.
const code: Record<CompatFamily, Buffer> = {
  // mov eax, 1 (exit); mov ebx, 42; int 0x80
  i386: Buffer.from([0xb8, 0x01, 0x00, 0x00, 0x00, 0xbb, probeExitCode, 0x00, 0x00, 0x00, 0xcd, 0x80]),
  // mov r0, #42; mov r7, #1 (exit); svc #0 (EABI, little-endian words)
  arm: Buffer.from([probeExitCode, 0x00, 0xa0, 0xe3, 0x01, 0x70, 0xa0, 0xe3, 0x00, 0x00, 0x00, 0xef]),
};

// e_machine and e_flags: EM_386; EM_ARM with EABI version 5 (what the kernel's compat loader wants).
const machine: Record<CompatFamily, { eMachine: number; eFlags: number }> = {
  i386: { eMachine: 3, eFlags: 0 },
  arm: { eMachine: 40, eFlags: 0x0500_0000 },
};

const elfHeaderSize = 52;
const programHeaderSize = 32;
const loadAddress = 0x0001_0000;

/** A complete static little-endian ELF32 executable of `family` that exits with probeExitCode. */
export function probeProgram(family: CompatFamily): Buffer {
  const body = code[family];
  const size = elfHeaderSize + programHeaderSize + body.length;
  const file = Buffer.alloc(size);
  // e_ident: magic, ELFCLASS32, ELFDATA2LSB, EV_CURRENT, System V ABI.
  file.set([0x7f, 0x45, 0x4c, 0x46, 1, 1, 1, 0], 0);
  file.writeUInt16LE(2, 16); // e_type: ET_EXEC
  file.writeUInt16LE(machine[family].eMachine, 18);
  file.writeUInt32LE(1, 20); // e_version
  file.writeUInt32LE(loadAddress + elfHeaderSize + programHeaderSize, 24); // e_entry: the code right after the headers
  file.writeUInt32LE(elfHeaderSize, 28); // e_phoff
  file.writeUInt32LE(machine[family].eFlags, 36);
  file.writeUInt16LE(elfHeaderSize, 40); // e_ehsize
  file.writeUInt16LE(programHeaderSize, 42); // e_phentsize
  file.writeUInt16LE(1, 44); // e_phnum
  // One PT_LOAD segment mapping the whole file read + execute at loadAddress.
  const ph = elfHeaderSize;
  file.writeUInt32LE(1, ph); // p_type: PT_LOAD
  file.writeUInt32LE(0, ph + 4); // p_offset
  file.writeUInt32LE(loadAddress, ph + 8); // p_vaddr
  file.writeUInt32LE(loadAddress, ph + 12); // p_paddr
  file.writeUInt32LE(size, ph + 16); // p_filesz
  file.writeUInt32LE(size, ph + 20); // p_memsz
  file.writeUInt32LE(5, ph + 24); // p_flags: PF_R | PF_X
  file.writeUInt32LE(0x1000, ph + 28); // p_align
  body.copy(file, elfHeaderSize + programHeaderSize);
  return file;
}
