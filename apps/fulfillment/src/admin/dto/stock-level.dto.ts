import { IsInt, Max, Min } from 'class-validator';

export class StockLevelDto {
  @IsInt()
  @Min(0)
  @Max(2_000_000_000)
  available!: number;

  @IsInt()
  @Min(0)
  @Max(2_000_000_000)
  priceCents!: number;
}
