import { stat } from 'node:fs/promises';
import { sha256File } from './sha256File';

/** What a file must be, as its manifest records it. */
export interface ExpectedFile {
  bytes: number;
  sha256: string;
}

/** Why a file does not match its manifest. */
export type FileProblem =
  | { kind: 'missing' }
  | { kind: 'size'; found: number }
  | { kind: 'checksum'; found: string };

interface Known {
  /** Size, modification and change times, inode and device when the digest was taken. */
  signature: string;
  sha256: Promise<string>;
}

/** Past this many remembered files the oldest are forgotten (they are hashed again if read again). */
const MAX_KNOWN = 100_000;

async function signatureOf(path: string): Promise<{ size: number; signature: string } | undefined> {
  try {
    const s = await stat(path, { bigint: true });
    return { size: Number(s.size), signature: `${s.size}:${s.mtimeNs}:${s.ctimeNs}:${s.ino}:${s.dev}` };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/**
 * Checks local files against the sizes and sha256 digests their manifest records. A file is hashed once per process
 * (concurrent first checks share one hash) and again only after its size, modification time, change time or inode
 * changed, which a cheap `stat` before every check detects, so a file damaged or replaced while the process runs is
 * caught before it is read again. Writing a file changes its change time even when its modification time is put back.
 */
export class FileVerifier {
  private readonly known = new Map<string, Known>();
  /** Files hashed so far (tests prove a file is hashed once, not once per query). */
  hashed = 0;

  /**
   * Undefined when the file at `path` matches `expected`, else what is wrong with it.
   * @throws the file system's error when the file cannot be examined for another reason than being absent.
   */
  async check(path: string, expected: ExpectedFile): Promise<FileProblem | undefined> {
    const seen = await signatureOf(path);
    if (!seen) return { kind: 'missing' };
    if (seen.size !== expected.bytes) return { kind: 'size', found: seen.size };
    let sha256: string;
    try {
      sha256 = await this.digest(path, seen.signature);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
      throw err;
    }
    return sha256 === expected.sha256 ? undefined : { kind: 'checksum', found: sha256 };
  }

  /** Drops what is known of a file (it was removed or is about to be replaced). */
  forget(path: string): void {
    this.known.delete(path);
  }

  private digest(path: string, signature: string): Promise<string> {
    const known = this.known.get(path);
    if (known?.signature === signature) return known.sha256;
    const entry: Known = { signature, sha256: this.hash(path, signature) };
    this.known.delete(path);
    this.known.set(path, entry);
    if (this.known.size > MAX_KNOWN) this.known.delete(this.known.keys().next().value as string);
    entry.sha256.catch(() => {
      if (this.known.get(path) === entry) this.known.delete(path);
    });
    return entry.sha256;
  }

  private async hash(path: string, signature: string): Promise<string> {
    this.hashed++;
    const sha256 = await sha256File(path);
    // Changed while it was read: the digest may mix two contents, so it is not remembered (this check still uses it).
    if ((await signatureOf(path))?.signature !== signature) {
      const entry = this.known.get(path);
      if (entry?.signature === signature) this.known.delete(path);
    }
    return sha256;
  }
}

/** The verifier every snapshot cache of the process shares, so a file is hashed once per process. */
export const processFileVerifier = new FileVerifier();
