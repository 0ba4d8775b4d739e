import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { AppError, ErrorCode, isAppError, readZipEntries, type ZipLimits } from "@studyhall/core";
import { MANIFEST_FILE } from "./parse-oneroster-manifest.ts";

/**
 * How much a set may hold. A district of 100,000 students in 7 classes each writes an enrollments.csv
 * of about 70 MB; the limits leave room for that and refuse a zip bomb long before memory runs out.
 */
export const ONEROSTER_SOURCE_LIMITS: ZipLimits = {
  maxEntries: 200,
  maxEntryBytes: 256 * 1024 * 1024,
  maxTotalBytes: 768 * 1024 * 1024,
};

/** The set's files by name ("users.csv"), as bytes. */
export type OneRosterFiles = ReadonlyMap<string, Uint8Array>;

/**
 * Reads a OneRoster set from a folder or a .zip. In a zip the files may sit at the top or in one
 * folder (some exports wrap them); the folder holding manifest.csv is the set. Only .csv files are read.
 */
export async function readOneRosterSource(source: string): Promise<OneRosterFiles> {
  const info = await stat(source).catch(() => null);
  if (!info) throw notFound(source);
  if (info.isDirectory()) return readFolder(source);
  if (!info.isFile()) throw notFound(source);
  if (info.size > ONEROSTER_SOURCE_LIMITS.maxTotalBytes) throw unreadableZip("it is too large");
  return readZip(new Uint8Array(await readFile(source)));
}

async function readFolder(folder: string): Promise<OneRosterFiles> {
  const files = new Map<string, Uint8Array>();
  for (const name of await readdir(folder)) {
    if (!name.toLowerCase().endsWith(".csv")) continue;
    const file = path.join(folder, name);
    const info = await stat(file);
    if (!info.isFile()) continue;
    if (info.size > ONEROSTER_SOURCE_LIMITS.maxEntryBytes)
      throw new AppError(ErrorCode.InvalidInput, `oneroster file too large: ${name}`, {
        userMessage: `${name} is larger than StudyHall reads (${ONEROSTER_SOURCE_LIMITS.maxEntryBytes / 1024 / 1024} MB).`,
      });
    files.set(name, new Uint8Array(await readFile(file)));
  }
  return files;
}

/** Reads the zip's entries next to its manifest.csv, with core's zip reader and its limits. */
export function readZip(bytes: Uint8Array): OneRosterFiles {
  try {
    const zip = readZipEntries(bytes, ONEROSTER_SOURCE_LIMITS);
    // macOS adds "__MACOSX/._name" shadow entries to zips it makes; they are not the set's files.
    const names = zip.names.filter((n) => !n.startsWith("__MACOSX/") && !n.endsWith("/"));
    const manifests = names.filter((n) => path.posix.basename(n) === MANIFEST_FILE);
    if (manifests.length > 1)
      throw unreadableZip(`it holds more than one ${MANIFEST_FILE} (${manifests.join(", ")})`);
    const folder = manifests[0] === undefined ? "" : path.posix.dirname(manifests[0]);
    const files = new Map<string, Uint8Array>();
    for (const name of names) {
      if (path.posix.dirname(name) !== folder || !name.toLowerCase().endsWith(".csv")) continue;
      files.set(path.posix.basename(name), zip.read(name)!);
    }
    return files;
  } catch (error) {
    // Core's zip reader words its refusals for a workbook; the reason is the same for any zip.
    if (isAppError(error) && error.message.startsWith("unreadable xlsx: "))
      throw unreadableZip(error.message.slice("unreadable xlsx: ".length), error);
    throw error;
  }
}

function notFound(source: string): AppError {
  return new AppError(ErrorCode.NotFound, `no oneroster source at ${source}`, {
    userMessage: `There is no folder or .zip file at ${source}.`,
  });
}

function unreadableZip(reason: string, cause?: unknown): AppError {
  return new AppError(ErrorCode.InvalidInput, `unreadable oneroster zip: ${reason}`, {
    userMessage: `This .zip file could not be read: ${reason}. Export the OneRoster set again, or unzip it and import the folder.`,
    ...(cause ? { cause } : {}),
  });
}
