import { Logger } from '@nestjs/common';
import { Kafka, logLevel, type LogEntry } from 'kafkajs';

export interface KafkaSettings {
  /** host:port of every seed broker. */
  brokers: string[];
  clientId: string;
  /** Milliseconds to wait for a broker connection before counting the attempt failed. */
  connectionTimeoutMs?: number;
  /**
   * No kafkajs log lines at all. The log shipper's own client is quiet: its
   * lines would be shipped through itself, and while the broker is away it
   * reports what it dropped instead of a line per failed connection.
   */
  quiet?: boolean;
}

/**
 * One Kafka client per process. kafkajs logs through its own logger; route it
 * into Nest's so every line carries the same format and level control.
 */
export function createKafka(settings: KafkaSettings): Kafka {
  return new Kafka({
    clientId: settings.clientId,
    brokers: settings.brokers,
    connectionTimeout: settings.connectionTimeoutMs ?? 3000,
    logLevel: settings.quiet ? logLevel.NOTHING : logLevel.WARN,
    logCreator: () => {
      const logger = new Logger('kafkajs');
      return ({ level, log }: LogEntry) => {
        const { message, ...extra } = log;
        const line = `${message} ${JSON.stringify(extra)}`;
        // Bounded producer retries are deliberate (see BatchingProducer); kafkajs warns on every connect.
        if (message.startsWith('Limiting retries for the idempotent producer')) logger.debug(line);
        else if (level === logLevel.ERROR) logger.error(line);
        else if (level === logLevel.WARN) logger.warn(line);
        else logger.debug(line);
      };
    },
  });
}
