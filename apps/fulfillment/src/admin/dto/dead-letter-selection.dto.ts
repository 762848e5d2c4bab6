import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, Max, Min } from 'class-validator';
import type { DeadLetterSelection } from '../../dead-letters/dead-letter-entry';

/** Which dead letters: a partition of the dead-letter topic, narrowed by an inclusive offset range. */
export class DeadLetterSelectionDto {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  partition?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  from?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  to?: number;

  toSelection(): DeadLetterSelection {
    return {
      ...(this.partition === undefined ? {} : { partition: this.partition }),
      ...(this.from === undefined ? {} : { from: BigInt(this.from) }),
      ...(this.to === undefined ? {} : { to: BigInt(this.to) }),
    };
  }
}

export class ReplayDeadLettersDto extends DeadLetterSelectionDto {
  /** Every dead letter in the topic; never implied by an empty body. */
  @IsOptional()
  @IsBoolean()
  all?: boolean;
}
