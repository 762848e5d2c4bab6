import type { LogDocument } from './log-document';
import { bulkRequests } from './log-store';

function doc(offset: number, msgBytes = 10): LogDocument {
  return {
    time: '2026-11-27T04:00:00.000Z',
    level: 'info',
    app: 'order-intake',
    instance: 'spec:1',
    msg: 'x'.repeat(msgBytes),
    kafka: { topic: 'surge.logs', partition: 1, offset: String(offset) },
  };
}

describe('bulkRequests', () => {
  it('puts small batches in one request: a create action under the position id, then the document', () => {
    const documents = [doc(7), doc(8)];
    expect(bulkRequests('surge-logs', documents)).toEqual([
      {
        first: 0,
        lines: [
          { create: { _index: 'surge-logs-2026.11.27', _id: 'surge.logs:1:7' } },
          documents[0],
          { create: { _index: 'surge-logs-2026.11.27', _id: 'surge.logs:1:8' } },
          documents[1],
        ],
      },
    ]);
  });

  it('cuts large batches into requests of at most 5 MB, a larger document alone, keeping positions', () => {
    const mb = 1024 * 1024;
    const requests = bulkRequests('surge-logs', [
      doc(0, 2 * mb),
      doc(1, 2 * mb),
      doc(2, 2 * mb),
      doc(3, 6 * mb),
      doc(4),
    ]);
    expect(requests.map(({ first, lines }) => [first, lines.length / 2])).toEqual([
      [0, 2],
      [2, 1],
      [3, 1],
      [4, 1],
    ]);
  });
});
