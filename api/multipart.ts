import type { Readable } from 'node:stream';
import busboy from 'busboy';
import type { Request } from 'express';
import { HttpProblem } from './problem';

export interface MultipartOptions<T> {
  /** Largest file part accepted (bytes): past it the part's stream ends and `isTruncated()` says so. */
  readonly maxFileBytes: number;
  /** How the request should have sent the file, for the error messages. */
  readonly hint: string;
  /** Undoes what `onFile` did when the request fails after it (a stored upload). */
  readonly discard?: (file: T) => Promise<void>;
}

/**
 * A multipart/form-data request with one file part (streamed to `onFile`, never whole in
 * memory) and small text fields. Refuses other bodies with 415 and a request without a file with
 * 400 NO_FILE; an error of `onFile` fails the request (the rest of the body is drained).
 */
export function receiveMultipart<T>(
  req: Request,
  options: MultipartOptions<T>,
  onFile: (fileName: string, content: Readable, isTruncated: () => boolean) => Promise<T>,
): Promise<{ file: T; fields: Record<string, string> }> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      // file names in UTF-8 (busboy's default is Latin-1): lists arrive as 名单.csv
      parser = busboy({ headers: req.headers, defParamCharset: 'utf8', limits: { files: 1, fileSize: options.maxFileBytes, fields: 20, fieldSize: 64 * 1024 } });
    } catch {
      reject(new HttpProblem(415, 'UNSUPPORTED_MEDIA_TYPE', 'The body must be multipart/form-data', options.hint));
      return;
    }
    const fields: Record<string, string> = {};
    let received: Promise<T> | undefined;
    const fail = (err: unknown): void => {
      received?.then((file) => options.discard?.(file)).catch(() => undefined);
      reject(err instanceof Error ? err : new Error(String(err)));
    };
    parser.on('field', (name, value) => {
      fields[name] = value;
    });
    parser.on('file', (_field, stream, info) => {
      received = onFile(info.filename ?? '', stream, () => stream.truncated === true);
      received.catch((err: unknown) => {
        stream.resume();
        reject(err instanceof Error ? err : new Error(String(err)));
      });
    });
    parser.on('close', () => {
      if (!received) reject(new HttpProblem(400, 'NO_FILE', 'No file in the request', options.hint));
      else received.then((file) => resolve({ file, fields }), () => undefined);
    });
    parser.on('error', fail);
    req.pipe(parser);
  });
}
