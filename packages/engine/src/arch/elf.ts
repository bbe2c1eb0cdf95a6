// Names the Debian architecture of an ELF binary from its header, without running it.

/** How many leading bytes of a binary we keep: enough for the ELF header and binfmt_misc magic. */
export const headerLength = 128;

export interface ElfIdentity {
  arch: string | undefined;
  machine: number;
  bits: 32 | 64;
  littleEndian: boolean;
}

// e_machine values from the ELF specification (elf.h EM_*).
const EM = {
  SPARC: 2, I386: 3, M68K: 4, MIPS: 8, PARISC: 15, PPC: 20, PPC64: 21, S390: 22, ARM: 40,
  SH: 42, SPARCV9: 43, IA64: 50, X86_64: 62, AARCH64: 183, RISCV: 243, LOONGARCH: 258, ALPHA: 0x9026,
} as const;
const EF_ARM_ABI_FLOAT_HARD = 0x400;

/** Decode an ELF header; undefined when the bytes are not ELF. `arch` is undefined for machines Debian has no name for. */
export function elfIdentity(header: Buffer): ElfIdentity | undefined {
  if (header.length < 52 || header.readUInt32BE(0) !== 0x7f454c46) return undefined;
  const bits = header[4] === 2 ? 64 : header[4] === 1 ? 32 : undefined;
  const littleEndian = header[5] === 1 ? true : header[5] === 2 ? false : undefined;
  if (bits === undefined || littleEndian === undefined) return undefined;
  const machine = littleEndian ? header.readUInt16LE(18) : header.readUInt16BE(18);
  const flagsOffset = bits === 64 ? 48 : 36;
  const flags = header.length >= flagsOffset + 4
    ? (littleEndian ? header.readUInt32LE(flagsOffset) : header.readUInt32BE(flagsOffset))
    : 0;
  return { arch: debianArch(machine, bits, littleEndian, flags), machine, bits, littleEndian };
}

function debianArch(machine: number, bits: 32 | 64, le: boolean, flags: number): string | undefined {
  switch (machine) {
    case EM.X86_64: return bits === 64 ? 'amd64' : 'x32';
    case EM.I386: return 'i386';
    case EM.AARCH64: return le ? 'arm64' : undefined;
    case EM.ARM: return le ? (flags & EF_ARM_ABI_FLOAT_HARD ? 'armhf' : 'armel') : undefined;
    case EM.PPC64: return le ? 'ppc64el' : 'ppc64';
    case EM.PPC: return 'powerpc';
    case EM.S390: return bits === 64 ? 's390x' : 's390';
    case EM.RISCV: return bits === 64 ? 'riscv64' : undefined;
    case EM.MIPS: return bits === 64 ? (le ? 'mips64el' : 'mips64') : (le ? 'mipsel' : 'mips');
    case EM.LOONGARCH: return bits === 64 ? 'loong64' : undefined;
    case EM.SPARCV9: return 'sparc64';
    case EM.SPARC: return 'sparc';
    case EM.IA64: return 'ia64';
    case EM.ALPHA: return 'alpha';
    case EM.PARISC: return 'hppa';
    case EM.M68K: return 'm68k';
    case EM.SH: return 'sh4';
    default: return undefined;
  }
}
