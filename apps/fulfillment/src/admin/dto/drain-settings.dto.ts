import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** PATCH /admin/drain: either or both; the group's instances apply them within a poll interval. */
export class DrainSettingsDto {
  /** Partitions each instance drains at once (kafkajs partitionsConsumedConcurrently). */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(64)
  partitionsConcurrency?: number;

  /** Most orders per MySQL transaction. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(5000)
  batchSize?: number;
}
