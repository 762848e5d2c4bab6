import { DEFAULT_LOG_SINK_PORT, DEFAULT_OPENSEARCH_URL } from '@surge/config';
import { loadLogSinkConfig, loadLogToolConfig } from './config';

describe('loadLogSinkConfig', () => {
  it('drains surge.logs as group log-sink into the local OpenSearch by default', () => {
    const config = loadLogSinkConfig({});
    expect(config).toMatchObject({
      port: DEFAULT_LOG_SINK_PORT,
      groupId: 'log-sink',
      logsTopic: 'surge.logs',
      logsDeadLetterTopic: 'surge.logs.dlq',
      // env-var's URL reader writes it in its normal form.
      opensearchUrl: `${DEFAULT_OPENSEARCH_URL}/`,
      logIndexPrefix: 'surge-logs',
      retentionDays: 7,
    });
  });

  it.each([
    ['LOG_RETENTION_DAYS', '0'],
    ['LOG_RETENTION_DAYS', 'a week'],
    ['OPENSEARCH_URL', 'not a url'],
    ['LOG_INDEX_PREFIX', 'Logs-*'],
    ['LOG_SINK_BATCH_SIZE', '-1'],
  ])('stops the boot naming %s when it is %p', (name, value) => {
    expect(() => loadLogSinkConfig({ [name]: value })).toThrow(name);
  });
});

describe('loadLogToolConfig', () => {
  it('reads the store the sink writes', () => {
    expect(loadLogToolConfig({ OPENSEARCH_URL: 'http://logs.internal:9200', LOG_INDEX_PREFIX: 'shop-logs' })).toEqual({
      opensearchUrl: 'http://logs.internal:9200/',
      logIndexPrefix: 'shop-logs',
    });
  });
});
