import { childSpan, formatTraceparent, newTrace, parseTraceparent } from './trace-context';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN = '00f067aa0ba902b7';

describe('parseTraceparent', () => {
  it('reads a version-00 header', () => {
    expect(parseTraceparent(`00-${TRACE}-${SPAN}-01`)).toEqual({ traceId: TRACE, spanId: SPAN, flags: '01' });
  });

  it('reads a later version, ignoring the fields it appends', () => {
    expect(parseTraceparent(`cc-${TRACE}-${SPAN}-00-whatever`)).toEqual({ traceId: TRACE, spanId: SPAN, flags: '00' });
  });

  it.each([
    ['absent', undefined],
    ['empty', ''],
    ['upper-case hex', `00-${TRACE.toUpperCase()}-${SPAN}-01`],
    ['an all-zero trace id', `00-${'0'.repeat(32)}-${SPAN}-01`],
    ['an all-zero span id', `00-${TRACE}-${'0'.repeat(16)}-01`],
    ['version ff', `ff-${TRACE}-${SPAN}-01`],
    ['version 00 with extra fields', `00-${TRACE}-${SPAN}-01-extra`],
    ['a short trace id', `00-${TRACE.slice(1)}-${SPAN}-01`],
    ['a missing field', `00-${TRACE}-01`],
    ['a very long value', `cc-${TRACE}-${SPAN}-01-${'a'.repeat(600)}`],
  ])('ignores a header that is %s', (_case, header) => {
    expect(parseTraceparent(header)).toBeUndefined();
  });
});

describe('trace ids', () => {
  it('starts a sampled trace whose header parses back to itself', () => {
    const trace = newTrace();
    expect(trace.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(trace.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(parseTraceparent(formatTraceparent(trace))).toEqual({ ...trace, flags: '01' });
    expect(newTrace().traceId).not.toBe(trace.traceId);
  });

  it('gives a child span the same trace and flags and a span id of its own', () => {
    const parent = { traceId: TRACE, spanId: SPAN, flags: '00' };
    const child = childSpan(parent);
    expect(child).toEqual({ traceId: TRACE, spanId: expect.stringMatching(/^[0-9a-f]{16}$/), flags: '00' });
    expect(child.spanId).not.toBe(SPAN);
  });
});
