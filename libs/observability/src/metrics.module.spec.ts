import { Counter, Registry } from 'prom-client';
import { MetricsController, MetricsModule } from './metrics.module';

function registryOf(app: string): Registry {
  const provider = MetricsModule.register({ app }).providers?.[0] as { useFactory: () => Registry };
  return provider.useFactory();
}

describe('MetricsModule', () => {
  it('gives each app its own registry with default metrics, labelled with the app', async () => {
    const intake = registryOf('order-intake');
    const other = registryOf('fulfillment');
    new Counter({ name: 'orders_total', help: 'orders', registers: [intake] }).inc(3);

    const text = await new MetricsController(intake).scrape();
    expect(text).toContain('orders_total{app="order-intake"} 3');
    expect(text).toContain('process_resident_memory_bytes{app="order-intake"}');
    expect(await other.metrics()).not.toContain('orders_total');
  });
});
