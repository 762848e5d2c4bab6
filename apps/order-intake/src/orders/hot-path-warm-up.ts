import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { encodeOrderEvent, keyedOrderId, newOrderId } from '@surge/contracts';
import { CreateOrderDto } from './dto/create-order.dto';
import { OrderValidationPipe } from './order-validation.pipe';
import { orderPlacedEvent } from './orders.service';
import { requestFingerprint } from './request-fingerprint';
import { parseStrictJson } from './strict-json';

/** A valid order as a storefront sends it; it is taken through the hot path and never produced. */
const SAMPLE_ORDER = JSON.stringify({
  customerId: 'warm-up',
  currency: 'EUR',
  items: [
    { sku: 'WARM-UP-1', quantity: 1 },
    { sku: 'WARM-UP-2', quantity: 2 },
  ],
});

/**
 * Takes one order through what every request runs (strict JSON parse,
 * validation and transformation, both order id derivations, the request
 * fingerprint, event encoding) before the HTTP server listens. The first
 * requests after a start otherwise pay for lazy module loading and
 * class-validator's metadata lookups, and a flash sale sends thousands of
 * first requests at once to a freshly scaled-out intake. Nothing is sent and
 * no Idempotency-Key is bound.
 */
@Injectable()
export class HotPathWarmUp implements OnApplicationBootstrap {
  private readonly logger = new Logger(HotPathWarmUp.name);

  async onApplicationBootstrap(): Promise<void> {
    const started = performance.now();
    const body = parseStrictJson(SAMPLE_ORDER);
    // The same pipe as the app's (bootstrap.ts), down the same path a JSON order takes.
    const pipe = new OrderValidationPipe();
    const dto = (await pipe.transform(body, { type: 'body', metatype: CreateOrderDto })) as CreateOrderDto;
    const keyed = keyedOrderId(dto.customerId, 'warm-up-key-1');
    encodeOrderEvent(orderPlacedEvent(dto, keyed, requestFingerprint(dto)));
    encodeOrderEvent(orderPlacedEvent(dto, newOrderId(), undefined));
    this.logger.debug(`hot path warmed in ${(performance.now() - started).toFixed(1)} ms`);
  }
}
