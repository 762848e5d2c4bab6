import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiPayloadTooLargeResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnprocessableEntityResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import { CreateOrderDto } from './dto/create-order.dto';
import { ErrorDto, ProblemDto, QueuedOrderDto, StoredOrderDto } from './dto/order-responses.dto';
import { OrdersService, type QueuedOrder, type StoredOrderView } from './orders.service';

const RETRY_AFTER = { 'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer' } } };

@ApiTags('orders')
@ApiTooManyRequestsResponse({
  description: 'Too many requests from this client (only when THROTTLE_PER_MINUTE is set)',
  type: ErrorDto,
  headers: RETRY_AFTER,
})
@Controller('orders')
export class OrdersController {
  constructor(private readonly orders: OrdersService) {}

  /** 202: the order is durably in Kafka; it reaches MySQL when fulfillment drains it. */
  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiHeader({
    name: 'idempotency-key',
    required: false,
    description:
      '8-128 of letters, digits and _.:-; a retry with the same key, customer and body gets the same orderId; the same key with another body gets 422',
    schema: { type: 'string', pattern: '^[A-Za-z0-9_.:-]{8,128}$' },
  })
  @ApiAcceptedResponse({ description: 'Kafka acknowledged the order (acks=all)', type: QueuedOrderDto })
  @ApiBadRequestResponse({
    description: 'Malformed JSON, invalid field, unknown field or bad Idempotency-Key',
    type: ErrorDto,
  })
  @ApiUnprocessableEntityResponse({
    description:
      'The Idempotency-Key was already used with a different body (application/problem+json); nothing was queued',
    type: ProblemDto,
  })
  @ApiPayloadTooLargeResponse({ description: 'Body over 64 KiB', type: ErrorDto })
  @ApiUnsupportedMediaTypeResponse({ description: 'Content type other than application/json', type: ErrorDto })
  @ApiServiceUnavailableResponse({
    description:
      'The worker is overloaded (INTAKE_MAX_EVENT_LOOP_DELAY_MS), Kafka did not acknowledge in time, or too many orders are in flight; the order was not accepted',
    type: ErrorDto,
    headers: RETRY_AFTER,
  })
  @ApiHeader({
    name: 'traceparent',
    required: false,
    description:
      'W3C Trace Context: the order continues this trace through Kafka, fulfillment and the notifier; an invalid value is ignored and the order starts a new trace',
    schema: { type: 'string', pattern: '^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}' },
  })
  place(
    @Body() dto: CreateOrderDto,
    @Headers('idempotency-key') idempotencyKey?: string,
    @Headers('traceparent') traceparent?: string,
  ): Promise<QueuedOrder> {
    return this.orders.place(dto, idempotencyKey, traceparent);
  }

  @Get(':id')
  @ApiOkResponse({ description: 'The stored order', type: StoredOrderDto })
  @ApiBadRequestResponse({ description: 'The id is not a UUID', type: ErrorDto })
  @ApiNotFoundResponse({ description: 'Not stored yet: it may still be queued in Kafka', type: ErrorDto })
  @ApiServiceUnavailableResponse({
    description: 'MySQL is unreachable; orders are still accepted meanwhile',
    type: ErrorDto,
    headers: RETRY_AFTER,
  })
  find(@Param('id', new ParseUUIDPipe({ version: undefined })) id: string): Promise<StoredOrderView> {
    return this.orders.find(id);
  }
}
