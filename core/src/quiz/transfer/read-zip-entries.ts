import * as zlib from "node:zlib";
import { AppError, ErrorCode } from "../../errors/app-error.ts";

/** How much a zip may hold before it is treated as an attack (a zip bomb) rather than a workbook. */
export interface ZipLimits {
  /** Most entries in the central directory. */
  maxEntries: number;
  /** Most bytes one entry may inflate to. */
  maxEntryBytes: number;
  /** Most bytes all entries read may inflate to together. */
  maxTotalBytes: number;
}

/** One file of a zip, inflated only when asked for. */
export interface ZipEntries {
  names: string[];
  has(name: string): boolean;
  /** The entry's bytes, or undefined when the zip has no such entry. */
  read(name: string): Buffer | undefined;
}

interface CentralEntry {
  flags: number;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const EOCD_SIZE = 22;
const MAX_COMMENT = 0xffff;

/** The refusal a teacher reads; what exactly was wrong goes to the log through `details`. */
export function unreadableXlsx(reason: string, details?: Record<string, unknown>, cause?: unknown): AppError {
  return new AppError(ErrorCode.InvalidInput, `unreadable xlsx: ${reason}`, {
    userMessage: `This .xlsx file could not be read: ${reason}. Open it in your spreadsheet, save it again as an Excel workbook (.xlsx), and upload that.`,
    ...(details ? { details } : {}),
    ...(cause ? { cause } : {}),
  });
}

/**
 * Reads a zip archive's central directory (no zip64, one disk, no encryption) so entries can be
 * inflated by name. Only the stored (0) and deflate (8) methods are read; every size is checked against
 * the file and `limits` before and while inflating, so a crafted archive is refused, never expanded.
 */
export function readZipEntries(bytes: Uint8Array, limits: ZipLimits): ZipEntries {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const eocd = findEndOfCentralDirectory(buf);
  const diskNumber = buf.readUInt16LE(eocd + 4);
  const centralDisk = buf.readUInt16LE(eocd + 6);
  const diskEntries = buf.readUInt16LE(eocd + 8);
  const count = buf.readUInt16LE(eocd + 10);
  const centralSize = buf.readUInt32LE(eocd + 12);
  const centralOffset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || centralSize === 0xffffffff || centralOffset === 0xffffffff)
    throw unreadableXlsx("it uses the zip64 format", { count });
  if (diskNumber !== 0 || centralDisk !== 0 || diskEntries !== count)
    throw unreadableXlsx("it is split over several parts", { diskNumber });
  if (count > limits.maxEntries) throw unreadableXlsx("it holds too many parts", { count });
  if (centralOffset + centralSize > eocd) throw unreadableXlsx("it is damaged or incomplete");
  const entries = new Map<string, CentralEntry>();
  let at = centralOffset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > eocd || buf.readUInt32LE(at) !== CENTRAL_SIGNATURE)
      throw unreadableXlsx("it is damaged or incomplete", { entry: i });
    const nameLength = buf.readUInt16LE(at + 28);
    const extraLength = buf.readUInt16LE(at + 30);
    const commentLength = buf.readUInt16LE(at + 32);
    const end = at + 46 + nameLength + extraLength + commentLength;
    if (end > eocd) throw unreadableXlsx("it is damaged or incomplete", { entry: i });
    const name = buf.toString("utf8", at + 46, at + 46 + nameLength);
    const entry: CentralEntry = {
      flags: buf.readUInt16LE(at + 8),
      method: buf.readUInt16LE(at + 10),
      crc: buf.readUInt32LE(at + 16),
      compressedSize: buf.readUInt32LE(at + 20),
      size: buf.readUInt32LE(at + 24),
      localOffset: buf.readUInt32LE(at + 42),
    };
    if (entry.compressedSize === 0xffffffff || entry.size === 0xffffffff || entry.localOffset === 0xffffffff)
      throw unreadableXlsx("it uses the zip64 format", { name });
    if (entries.has(name)) throw unreadableXlsx("it holds the same part twice", { name });
    entries.set(name, entry);
    at = end;
  }
  let inflated = 0;
  return {
    names: [...entries.keys()],
    has: (name) => entries.has(name),
    read(name) {
      const entry = entries.get(name);
      if (!entry) return undefined;
      const budget = Math.min(limits.maxEntryBytes, limits.maxTotalBytes - inflated);
      const data = inflateEntry(buf, name, entry, budget);
      inflated += data.byteLength;
      return data;
    },
  };
}

function findEndOfCentralDirectory(buf: Buffer): number {
  const lowest = Math.max(0, buf.byteLength - EOCD_SIZE - MAX_COMMENT);
  for (let at = buf.byteLength - EOCD_SIZE; at >= lowest; at--)
    if (
      buf.readUInt32LE(at) === EOCD_SIGNATURE &&
      at + EOCD_SIZE + buf.readUInt16LE(at + 20) === buf.byteLength
    )
      return at;
  throw unreadableXlsx("it is damaged or incomplete (its table of contents is missing)", {
    bytes: buf.byteLength,
  });
}

function inflateEntry(buf: Buffer, name: string, entry: CentralEntry, budget: number): Buffer {
  // Bit 0 marks an encrypted entry: a password-protected workbook cannot be read without the password.
  if (entry.flags & 0x1) throw unreadableXlsx("it is password-protected", { name });
  if (entry.method !== 0 && entry.method !== 8)
    throw unreadableXlsx("it is compressed in a way this reader does not know", {
      name,
      method: entry.method,
    });
  if (entry.size > budget)
    throw unreadableXlsx("it is too large once unpacked", { name, size: entry.size, budget });
  const local = entry.localOffset;
  if (local + 30 > buf.byteLength || buf.readUInt32LE(local) !== LOCAL_SIGNATURE)
    throw unreadableXlsx("it is damaged or incomplete", { name });
  const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
  const end = start + entry.compressedSize;
  if (end > buf.byteLength) throw unreadableXlsx("it is damaged or incomplete", { name });
  const packed = buf.subarray(start, end);
  let data: Buffer;
  if (entry.method === 0) data = packed;
  else {
    try {
      // maxOutputLength stops inflating at the budget, whatever size the directory claims.
      data = zlib.inflateRawSync(packed, { maxOutputLength: Math.max(1, budget) });
    } catch (cause) {
      const tooLarge = (cause as { code?: string }).code === "ERR_BUFFER_TOO_LARGE";
      throw unreadableXlsx(
        tooLarge ? "it is too large once unpacked" : "it is damaged or incomplete",
        { name, budget },
        cause,
      );
    }
  }
  if (data.byteLength !== entry.size) throw unreadableXlsx("it is damaged or incomplete", { name });
  const crc32 = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;
  if (crc32 && crc32(data) >>> 0 !== entry.crc) throw unreadableXlsx("it is damaged or incomplete", { name });
  return data;
}
