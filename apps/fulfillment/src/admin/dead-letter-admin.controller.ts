import { BadRequestException, Body, Controller, Get, HttpCode, Post, Query, UseGuards } from '@nestjs/common';
import type { DeadLetterEntry } from '../dead-letters/dead-letter-entry';
import { selectionProblem } from '../dead-letters/dead-letter-entry';
import { DeadLetterTopic, type ReplayResult } from '../dead-letters/dead-letter-topic';
import { AdminTokenGuard } from '@surge/config';
import { DeadLetterSelectionDto, ReplayDeadLettersDto } from './dto/dead-letter-selection.dto';

/** The dead-letter topic for ops: what is in it, and re-driving chosen dead letters (as `npm run dlq`). */
@Controller('admin/dlq')
@UseGuards(AdminTokenGuard)
export class DeadLetterAdminController {
  constructor(private readonly deadLetters: DeadLetterTopic) {}

  @Get()
  async list(@Query() query: DeadLetterSelectionDto): Promise<{ deadLetters: DeadLetterEntry[] }> {
    const selection = query.toSelection();
    refuse(selectionProblem(selection, 'list'));
    return { deadLetters: await this.deadLetters.list(selection) };
  }

  /** The console's DLQ tile polls this every second: offsets only, nothing read. */
  @Get('count')
  count(): Promise<{ topic: string; count: number }> {
    return this.deadLetters.count();
  }

  @Post('replay')
  @HttpCode(200)
  async replay(@Body() body: ReplayDeadLettersDto): Promise<ReplayResult> {
    const selection = body.toSelection();
    refuse(selectionProblem(selection, { replayAll: body.all ?? false }));
    return this.deadLetters.replay(selection);
  }
}

function refuse(problem: string | null): void {
  if (problem) throw new BadRequestException(problem);
}
