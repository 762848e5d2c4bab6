import {
  BadRequestException,
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  Post,
  Put,
  Res,
  UseGuards,
} from '@nestjs/common';
import { ORDER_LIMITS } from '@surge/contracts';
import type { FastifyReply } from 'fastify';
import { AdminTokenGuard } from '@surge/config';
import { AdjustStockDto } from './dto/adjust-stock.dto';
import { StockLevelDto } from './dto/stock-level.dto';
import { entityTag, parseIfMatch } from './entity-tag';
import { StockLevels, type StockView } from './stock-levels.service';

/**
 * Stocks a promotion before it opens (PUT) and restocks it while it drains
 * (POST …/adjust, or a PUT with If-Match). Every answer carries the row's
 * ETag.
 */
@Controller('admin/inventory')
@UseGuards(AdminTokenGuard)
export class InventoryAdminController {
  constructor(private readonly stock: StockLevels) {}

  @Put(':sku')
  async put(
    @Param('sku') sku: string,
    @Body() dto: StockLevelDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StockView> {
    checkSku(sku);
    const view =
      ifMatch === undefined
        ? await this.stock.set(sku, dto.available, dto.priceCents)
        : await this.stock.setIfMatch(sku, dto.available, dto.priceCents, parseIfMatch(ifMatch));
    return tagged(reply, view);
  }

  @Post(':sku/adjust')
  @HttpCode(200)
  async adjust(
    @Param('sku') sku: string,
    @Body() dto: AdjustStockDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StockView> {
    checkSku(sku);
    return tagged(reply, await this.stock.adjust(sku, dto.delta));
  }

  @Get(':sku')
  async get(@Param('sku') sku: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<StockView> {
    checkSku(sku);
    return tagged(reply, await this.stock.read(sku));
  }
}

function tagged(reply: FastifyReply, view: StockView): StockView {
  void reply.header('etag', entityTag(view.version));
  return view;
}

function checkSku(sku: string): void {
  if (sku.length > ORDER_LIMITS.maxIdLength || !ORDER_LIMITS.idPattern.test(sku)) {
    throw new BadRequestException(`sku must be 1-${ORDER_LIMITS.maxIdLength} letters, digits or ._:-`);
  }
}
