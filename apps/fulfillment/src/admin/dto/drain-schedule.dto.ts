import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const MAX_RATE = 1_000_000;

export class ScheduleWindowDto {
  @Matches(TIME, { message: '$property must be HH:MM (00:00-23:59)' })
  from!: string;

  @Matches(TIME, { message: '$property must be HH:MM (00:00-23:59)' })
  to!: string;

  @IsInt()
  @Min(0)
  @Max(MAX_RATE)
  ratePerSecond!: number;
}

/** PUT /admin/schedule. Overlaps and the time zone are checked by scheduleProblems(). */
export class DrainScheduleDto {
  @IsString()
  @MaxLength(64)
  timeZone!: string;

  @IsArray()
  @ArrayMaxSize(48)
  @ValidateNested({ each: true })
  @Type(() => ScheduleWindowDto)
  windows!: ScheduleWindowDto[];

  @IsInt()
  @Min(0)
  @Max(MAX_RATE)
  otherwiseRatePerSecond!: number;
}
