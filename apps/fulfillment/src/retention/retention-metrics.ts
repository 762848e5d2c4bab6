import { Injectable } from '@nestjs/common';
import { Gauge, Registry } from 'prom-client';
import { RetentionWatch } from './retention-watch.service';

/**
 * The retention watch's last check as gauges. Every instance exports every
 * partition of the group (the watch asks the broker, not its own consumer),
 * so alert rules take the max over instances.
 */
@Injectable()
export class RetentionMetrics {
  constructor(registry: Registry, watch: RetentionWatch) {
    const registers = [registry];
    new Gauge({
      name: 'surge_fulfillment_oldest_order_age_seconds',
      help: 'Age of the oldest order the group has yet to drain, per partition (0 = none waiting)',
      labelNames: ['topic', 'partition'],
      registers,
      collect() {
        this.reset();
        const check = watch.last();
        for (const p of check?.partitions ?? []) {
          this.set({ topic: check?.topic, partition: String(p.partition) }, p.oldestOrderAgeSeconds);
        }
      },
    });
    new Gauge({
      name: 'surge_fulfillment_retention_seconds',
      help: "The orders topic's retention.ms in seconds (absent when unlimited)",
      labelNames: ['topic'],
      registers,
      collect() {
        this.reset();
        const check = watch.last();
        if (check?.retentionSeconds != null) this.set({ topic: check.topic }, check.retentionSeconds);
      },
    });
    new Gauge({
      name: 'surge_fulfillment_group_members',
      help: 'Members of the consumer group (0 = nothing drains)',
      labelNames: ['group'],
      registers,
      collect() {
        this.reset();
        const check = watch.last();
        if (check) this.set({ group: check.groupId }, check.groupMembers);
      },
    });
  }
}
