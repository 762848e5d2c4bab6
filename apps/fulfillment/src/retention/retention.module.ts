import { Module } from '@nestjs/common';
import { DrainModule } from '../drain/drain.module';
import { RetentionMetrics } from './retention-metrics';
import { RetentionWatch } from './retention-watch.service';

@Module({
  imports: [DrainModule],
  providers: [RetentionWatch, RetentionMetrics],
  exports: [RetentionWatch],
})
export class RetentionModule {}
