import { logLines } from '@surge/contracts';

/**
 * Whole lines out of text that arrives in chunks (thread-stream hands the
 * worker what fits its buffer, which can end inside a line): a line cut
 * between two chunks waits for its end.
 */
export class LineSplitter {
  private partial = '';

  /** The lines the chunk completes, without their newlines; empty ones left out. */
  split(chunk: string): string[] {
    const text = this.partial + chunk;
    const end = text.lastIndexOf('\n') + 1;
    this.partial = text.slice(end);
    return logLines(text.slice(0, end));
  }
}
