import 'reflect-metadata';
import { Controller, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventPattern, Payload, Transport, type MicroserviceOptions } from '@nestjs/microservices';
import { InjectDataSource, TypeOrmModule } from '@nestjs/typeorm';
import { parseOrderEvent } from '@surge/contracts';
import { Inventory, mysqlOptions, Order, OrderItem } from '@surge/order-store';
import { In, type DataSource } from 'typeorm';

/**
 * The baseline bench:drain measures against: the consumer most NestJS
 * tutorials show. The stock Kafka transport calls the handler once per message
 * (kafkajs eachMessage) and the handler saves the order with repository.save()
 * in its own transaction. Same logical work as Surge's writer (skip stored
 * orders, reserve stock, store order and lines), none of the batching.
 */
const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

@Controller()
class NaiveOrdersController {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  @EventPattern(env('ORDERS_TOPIC'))
  async handle(@Payload() payload: unknown): Promise<void> {
    const event = parseOrderEvent(Buffer.from(JSON.stringify(payload)));
    await this.db.transaction(async (em) => {
      if (await em.existsBy(Order, { id: event.orderId })) return;
      const stock = await em.findBy(Inventory, { sku: In(event.items.map((i) => i.sku)) });
      const bySku = new Map(stock.map((s) => [s.sku, s]));
      const ok = event.items.every((i) => (bySku.get(i.sku)?.available ?? -1) >= i.quantity);
      if (ok) {
        for (const item of event.items) {
          const row = bySku.get(item.sku);
          if (row) row.available -= item.quantity;
        }
        await em.save(Inventory, [...bySku.values()]);
      }
      await em.save(Order, {
        id: event.orderId,
        customerId: event.customerId,
        currency: event.currency,
        status: ok ? 'fulfilled' : 'rejected',
        rejectReason: ok ? null : 'out_of_stock',
        totalCents: ok ? event.items.reduce((s, i) => s + i.quantity * (bySku.get(i.sku)?.priceCents ?? 0), 0) : 0,
        placedAt: new Date(event.placedAt),
      });
      await em.save(
        OrderItem,
        event.items.map((item, i) => ({
          orderId: event.orderId,
          lineNo: i + 1,
          sku: item.sku,
          quantity: item.quantity,
          unitPriceCents: bySku.get(item.sku)?.priceCents ?? null,
        })),
      );
    });
  }
}

@Module({
  imports: [TypeOrmModule.forRoot({ ...mysqlOptions(env('MYSQL_URL'), 10) })],
  controllers: [NaiveOrdersController],
})
class NaiveModule {}

async function main(): Promise<void> {
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(NaiveModule, {
    logger: ['error', 'warn'],
    transport: Transport.KAFKA,
    options: {
      client: { clientId: 'bench-naive', brokers: env('KAFKA_BROKERS').split(',') },
      consumer: { groupId: env('FULFILLMENT_GROUP') },
      subscribe: { fromBeginning: true },
    },
  });
  app.enableShutdownHooks();
  await app.listen();
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
