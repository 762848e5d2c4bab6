import type { Admin, Kafka } from 'kafkajs';

/** Runs work on a connected admin client and always disconnects it, also when the work throws. */
export async function withAdmin<T>(kafka: Kafka, work: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.disconnect();
  }
}
