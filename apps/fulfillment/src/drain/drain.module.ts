import { Module } from '@nestjs/common';
import { DrainControl } from './drain-control.service';

@Module({
  providers: [DrainControl],
  exports: [DrainControl],
})
export class DrainModule {}
