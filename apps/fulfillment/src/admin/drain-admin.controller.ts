import {
  BadRequestException,
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Patch,
  Post,
  Put,
  UseGuards,
} from '@nestjs/common';
import type { DrainSettings } from '@surge/kafka';
import { scheduleProblems } from '@surge/pacing';
import { DrainControl, type DrainState, type GroupView } from '../drain/drain-control.service';
import { AdminTokenGuard } from '@surge/config';
import { BacklogService, type Backlog } from './backlog.service';
import { DrainScheduleDto } from './dto/drain-schedule.dto';
import { DrainSettingsDto } from './dto/drain-settings.dto';
import { SetThrottleDto } from './dto/set-throttle.dto';

/** Ops' knobs for the whole consumer group: ceiling and schedule, pause/resume, concurrency, backlog, members. */
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

  /** Drops a manual ceiling's override: the schedule applies again. */
  @Delete('throttle/override')
  clearOverride(): Promise<DrainState> {
    return this.control.clearOverride();
  }

  @Put('schedule')
  setSchedule(@Body() dto: DrainScheduleDto): Promise<DrainState> {
    const problems = scheduleProblems(dto);
    if (problems.length > 0) throw new BadRequestException(problems);
    return this.control.setSchedule(dto);
  }

  @Delete('schedule')
  removeSchedule(): Promise<DrainState> {
    return this.control.setSchedule(null);
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

  @Patch('drain')
  async setDrain(@Body() dto: DrainSettingsDto): Promise<DrainSettings> {
    if (dto.partitionsConcurrency === undefined && dto.batchSize === undefined) {
      throw new BadRequestException(['partitionsConcurrency or batchSize is required']);
    }
    return this.control.setSettings(dto);
  }

  @Get('group')
  group(): Promise<GroupView> {
    return this.control.group();
  }

  @Get('backlog')
  backlog(): Promise<Backlog> {
    return this.backlogs.backlog();
  }
}
