import { Module } from '@nestjs/common';
import { DrainModule } from '../drain/drain.module';
import { OutboxRelayRunner } from './outbox-relay.runner';

/** Publishes the outcome events the order writer keeps in the outbox. */
@Module({
  imports: [DrainModule],
  providers: [OutboxRelayRunner],
})
export class OutboxModule {}
