import { IsInt, Max, Min } from 'class-validator';

export class SetThrottleDto {
  /** Orders per second for the whole consumer group; 0 lifts the ceiling. */
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  ratePerSecond!: number;
}
