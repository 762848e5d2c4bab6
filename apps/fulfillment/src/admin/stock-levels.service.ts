import { ConflictException, Injectable, NotFoundException, PreconditionFailedException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { MAX_STOCK_UNITS } from './dto/stock-level.dto';

export interface StockView {
  sku: string;
  available: number;
  priceCents: number;
  /** Raised by every write, the drain's sales included; the row's ETag. */
  version: number;
}

interface StockRow {
  available: number;
  price_cents: number;
  version: string;
}

interface UpdateResult {
  affectedRows: number;
}

/**
 * Ops' writes to stock while a sale drains. An absolute PUT read before a sale
 * and written after it would undo that sale (the units are sold twice), so
 * restocking is a relative `adjust`, done in one guarded UPDATE, and an
 * absolute PUT can be made conditional on the version it read.
 */
@Injectable()
export class StockLevels {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async read(sku: string): Promise<StockView> {
    return this.readIn(this.db.manager, sku);
  }

  /** Unconditional: stocks a SKU before a sale (creating it if needed). */
  async set(sku: string, available: number, priceCents: number): Promise<StockView> {
    return this.db.transaction(async (db) => {
      await db.query(
        `INSERT INTO inventory (sku, available, price_cents) VALUES (?, ?, ?)
         ON DUPLICATE KEY UPDATE available = VALUES(available), price_cents = VALUES(price_cents),
           version = version + 1`,
        [sku, available, priceCents],
      );
      return this.readIn(db, sku);
    });
  }

  /** Sets the row only if its version is one of `versions` (or, for '*', if it exists): else 412. */
  async setIfMatch(sku: string, available: number, priceCents: number, versions: '*' | number[]): Promise<StockView> {
    return this.db.transaction(async (db) => {
      // An If-Match with no tag of ours can never match: no UPDATE to try.
      if (versions === '*' || versions.length > 0) {
        const result = await db.query<UpdateResult>(
          `UPDATE inventory SET available = ?, price_cents = ?, version = version + 1
           WHERE sku = ?${versions === '*' ? '' : ' AND version IN (?)'}`,
          [available, priceCents, sku, ...(versions === '*' ? [] : [versions])],
        );
        if (result.affectedRows === 1) return this.readIn(db, sku);
      }
      const current = await this.findIn(db, sku);
      throw new PreconditionFailedException(
        current
          ? `stock of SKU ${sku} changed since it was read: version is now ${current.version}; GET it again`
          : `no inventory for SKU ${sku} to match If-Match against`,
      );
    });
  }

  /**
   * Adds `delta` units in one statement whose guard keeps stock within
   * [0, MAX_STOCK_UNITS]: concurrent sales and adjustments all count, none is
   * overwritten. 409 when the guard refuses, 404 for an unknown SKU.
   */
  async adjust(sku: string, delta: number): Promise<StockView> {
    return this.db.transaction(async (db) => {
      // SIGNED: available is UNSIGNED, and MySQL refuses an unsigned expression that goes negative.
      const result = await db.query<UpdateResult>(
        `UPDATE inventory SET available = CAST(available AS SIGNED) + ?, version = version + 1
         WHERE sku = ? AND CAST(available AS SIGNED) + ? BETWEEN 0 AND ?`,
        [delta, sku, delta, MAX_STOCK_UNITS],
      );
      if (result.affectedRows === 1) return this.readIn(db, sku);
      const current = await this.findIn(db, sku);
      if (!current) throw new NotFoundException(`no inventory for SKU ${sku}`);
      throw new ConflictException(
        current.available + delta < 0
          ? `adjusting SKU ${sku} by ${delta} would take its stock below zero (available: ${current.available})`
          : `adjusting SKU ${sku} by ${delta} would take its stock above ${MAX_STOCK_UNITS} (available: ${current.available})`,
      );
    });
  }

  private async readIn(db: EntityManager, sku: string): Promise<StockView> {
    const view = await this.findIn(db, sku);
    if (!view) throw new NotFoundException(`no inventory for SKU ${sku}`);
    return view;
  }

  private async findIn(db: EntityManager, sku: string): Promise<StockView | null> {
    const [row] = await db.query<StockRow[]>('SELECT available, price_cents, version FROM inventory WHERE sku = ?', [
      sku,
    ]);
    if (!row) return null;
    return { sku, available: Number(row.available), priceCents: Number(row.price_cents), version: Number(row.version) };
  }
}
