// Every error code that crosses the JSON boundary, as one closed set: the engine's own (one per
// exit code, see errors/exit-codes.ts) and the two a client adds itself, when pkexec refused and
// when the engine speaks another protocol version than the client.
import * as z from 'zod/mini';
import { errorExitCodes, type ErrorCode } from '../errors/exit-codes.js';

export const clientErrorCodes = ['not-authorized', 'protocol-mismatch'] as const;

export type ProtocolErrorCode = ErrorCode | (typeof clientErrorCodes)[number];

const allCodes: ProtocolErrorCode[] = [...(Object.keys(errorExitCodes) as ErrorCode[]), ...clientErrorCodes];

export const errorCodeSchema = z.enum(allCodes as [ProtocolErrorCode, ...ProtocolErrorCode[]]);
