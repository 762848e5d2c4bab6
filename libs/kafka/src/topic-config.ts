import { ConfigResourceTypes, type Kafka } from 'kafkajs';
import { withAdmin } from './admin';

/** Reads one topic-level config value as the broker reports it (its default when the topic sets none). */
export function describeTopicConfig(kafka: Kafka, topic: string, name: string): Promise<string | undefined> {
  return withAdmin(kafka, async (admin) => {
    const described = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: [name] }],
    });
    return described.resources[0].configEntries.find((e) => e.configName === name)?.configValue;
  });
}
