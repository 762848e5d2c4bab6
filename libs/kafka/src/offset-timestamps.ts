import type { Admin, Kafka } from 'kafkajs';

/**
 * For an offset and a time T, whether some message at or before the offset
 * has a timestamp >= T. Kafka answers it in one ListOffsets request: the
 * earliest offset whose timestamp is >= T (kafkajs gives the end offset when
 * there is none).
 */
export type TimestampProbe = (timestampMs: number) => Promise<bigint>;

const SECOND_MS = 1000;

/**
 * The newest timestamp among the messages up to `offset`, to within a second
 * or 1% of its age, found by asking Kafka's time index rather than reading the
 * message: a member need not own the partition, and nothing joins a group.
 * With timestamps in offset order this is the message's own timestamp; when
 * producers' clocks disagree it is at least that, which is also what Kafka's
 * time-based retention goes by (a segment's newest timestamp). Rounded down,
 * so the age it gives errs on the old side. NaN when no message up to the
 * offset has a timestamp (an old message format). `atLeastMs`, a timestamp
 * already known to be reached (that of an earlier offset of the partition),
 * spares the search back from now: a draining partition costs a few requests.
 */
export async function newestTimestampUpTo(
  probe: TimestampProbe,
  offset: bigint,
  nowMs: number,
  atLeastMs?: number,
): Promise<number> {
  const reaches = async (t: number) => (await probe(t)) <= offset;
  // A timestamp in the future (a producer's clock ahead): the message is new.
  if (await reaches(nowMs)) return nowMs;
  let newer = nowMs;
  let older = atLeastMs ?? nowMs - SECOND_MS;
  // Without a known lower bound, step back 1 s, 2 s, 4 s… until a message at
  // or before the offset is that old.
  for (let step = SECOND_MS; atLeastMs === undefined && !(await reaches(older)); step *= 2) {
    if (older <= 0) return Number.NaN;
    newer = older;
    older = Math.max(0, older - step * 2);
  }
  // Then halve the bracket: reaches(older) holds, reaches(newer) does not.
  while (newer - older > Math.max(SECOND_MS, (nowMs - older) / 100)) {
    const middle = Math.floor((older + newer) / 2);
    if (await reaches(middle)) older = middle;
    else newer = middle;
  }
  return older;
}

/**
 * The timestamp (ms) of the message at each given offset of the topic, as
 * newestTimestampUpTo finds it, over one admin connection. NaN for a partition
 * whose messages carry no timestamp.
 */
export async function offsetTimestamps(
  kafka: Kafka,
  topic: string,
  offsets: Array<{ partition: number; offset: bigint; atLeastMs?: number }>,
  nowMs = Date.now(),
): Promise<Map<number, number>> {
  const found = new Map<number, number>();
  if (offsets.length === 0) return found;
  const admin = kafka.admin();
  await admin.connect();
  try {
    await Promise.all(
      offsets.map(async ({ partition, offset, atLeastMs }) => {
        const probe = probeFor(admin, topic, partition);
        found.set(partition, await newestTimestampUpTo(probe, offset, nowMs, atLeastMs));
      }),
    );
  } finally {
    await admin.disconnect();
  }
  return found;
}

function probeFor(admin: Admin, topic: string, partition: number): TimestampProbe {
  return async (timestampMs) => {
    const answers = await admin.fetchTopicOffsetsByTimestamp(topic, timestampMs);
    const answer = answers.find((a) => a.partition === partition);
    if (!answer) throw new Error(`${topic} has no partition ${partition}`);
    return BigInt(answer.offset);
  };
}
