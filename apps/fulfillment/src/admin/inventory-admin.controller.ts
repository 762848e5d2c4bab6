import { BadRequestException, Body, Controller, Get, NotFoundException, Param, Put, UseGuards } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ORDER_LIMITS } from '@surge/contracts';
import { Inventory } from '@surge/order-store';
import type { Repository } from 'typeorm';
import { AdminTokenGuard } from './admin-token.guard';
import { StockLevelDto } from './dto/stock-level.dto';

interface StockView {
  sku: string;
  available: number;
  priceCents: number;
}

/** Stocks a promotion before it opens. */
@Controller('admin/inventory')
@UseGuards(AdminTokenGuard)
export class InventoryAdminController {
  constructor(@InjectRepository(Inventory) private readonly inventory: Repository<Inventory>) {}

  @Put(':sku')
  async put(@Param('sku') sku: string, @Body() dto: StockLevelDto): Promise<StockView> {
    checkSku(sku);
    await this.inventory.upsert({ sku, available: dto.available, priceCents: dto.priceCents }, ['sku']);
    return { sku, available: dto.available, priceCents: dto.priceCents };
  }

  @Get(':sku')
  async get(@Param('sku') sku: string): Promise<StockView> {
    checkSku(sku);
    const row = await this.inventory.findOneBy({ sku });
    if (!row) throw new NotFoundException(`no inventory for SKU ${sku}`);
    return { sku: row.sku, available: row.available, priceCents: row.priceCents };
  }
}

function checkSku(sku: string): void {
  if (sku.length > ORDER_LIMITS.maxIdLength || !ORDER_LIMITS.idPattern.test(sku)) {
    throw new BadRequestException(`sku must be 1-${ORDER_LIMITS.maxIdLength} letters, digits or ._:-`);
  }
}
