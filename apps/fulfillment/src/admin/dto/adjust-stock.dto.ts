import { IsInt, Max, Min, NotEquals } from 'class-validator';
import { MAX_STOCK_UNITS } from './stock-level.dto';

export class AdjustStockDto {
  /** Units to add (restock) or, negative, to take away (shrinkage, a cancelled allocation). */
  @IsInt()
  @NotEquals(0)
  @Min(-MAX_STOCK_UNITS)
  @Max(MAX_STOCK_UNITS)
  delta!: number;
}
