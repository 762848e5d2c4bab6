import type { API } from '@opensearch-project/opensearch';
import { logIndexPattern } from './log-index';

const keyword = { type: 'keyword', ignore_above: 256 } as const;

/**
 * The index template every daily index of the store is created with. One
 * shard and no replica: a single node would keep a replica unassigned and the
 * index yellow forever. `dynamic: false`: the fields below are indexed; any
 * other field a line carries stays in the stored document, searchable by
 * none, so one app's odd field cannot turn another app's lines into mapping
 * errors.
 */
export function logIndexTemplate(prefix: string): API.Indices_PutIndexTemplate_RequestBody {
  return {
    index_patterns: [logIndexPattern(prefix)],
    // Templates of overlapping patterns need distinct priorities (surge-logs-* and
    // surge-logs-eu-*): the longer, more specific prefix wins for its own indices.
    priority: prefix.length,
    template: {
      settings: { number_of_shards: 1, number_of_replicas: 0, refresh_interval: '1s' },
      mappings: {
        dynamic: false,
        properties: {
          time: { type: 'date', format: 'strict_date_optional_time||epoch_millis' },
          level: keyword,
          app: keyword,
          instance: keyword,
          msg: { type: 'text' },
          orderId: keyword,
          traceId: keyword,
          spanId: keyword,
          step: keyword,
          topic: keyword,
          partition: { type: 'integer' },
          offset: keyword,
          outcome: keyword,
          reason: keyword,
          channel: keyword,
          err: {
            properties: {
              type: keyword,
              message: { type: 'text' },
              stack: { type: 'text', index: false },
            },
          },
          kafka: {
            properties: {
              topic: keyword,
              partition: { type: 'integer' },
              offset: { type: 'long' },
              line: { type: 'integer' },
            },
          },
        },
      },
    },
  };
}
