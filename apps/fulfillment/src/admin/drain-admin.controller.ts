import { Body, Controller, Get, HttpCode, Patch, Post, UseGuards } from '@nestjs/common';
import { DrainControl, type DrainState } from '../drain/drain-control.service';
import { AdminTokenGuard } from './admin-token.guard';
import { BacklogService, type Backlog } from './backlog.service';
import { SetThrottleDto } from './dto/set-throttle.dto';

/** Ops' knobs for the whole consumer group: rate ceiling, pause/resume, backlog. */
@Controller('admin')
@UseGuards(AdminTokenGuard)
export class DrainAdminController {
  constructor(
    private readonly control: DrainControl,
    private readonly backlogs: BacklogService,
  ) {}

  @Get('throttle')
  throttle(): DrainState {
    return this.control.state();
  }

  @Patch('throttle')
  setThrottle(@Body() dto: SetThrottleDto): Promise<DrainState> {
    return this.control.setRate(dto.ratePerSecond);
  }

  @Post('pause')
  @HttpCode(200)
  pause(): Promise<DrainState> {
    return this.control.setPaused(true);
  }

  @Post('resume')
  @HttpCode(200)
  resume(): Promise<DrainState> {
    return this.control.setPaused(false);
  }

  @Get('backlog')
  backlog(): Promise<Backlog> {
    return this.backlogs.backlog();
  }
}
