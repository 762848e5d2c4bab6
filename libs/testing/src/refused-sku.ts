import type { Pool } from 'mysql2/promise';

/** What the database answers for an order line of a refused SKU (see refuseSku). */
export function refusalMessage(skuPrefix: string): string {
  return `sku ${skuPrefix} is not for sale`;
}

/**
 * Makes the database itself refuse order lines whose SKU starts with
 * `skuPrefix`: a trigger SIGNALs SQLSTATE 45000. It stands in for any refusal
 * the event parser cannot foresee (a CHECK, a foreign key, a column narrowed
 * by a later migration) for chosen orders only, so the orders around them are
 * written as usual. Returns the undo (drop the trigger).
 */
export async function refuseSku(pool: Pool, skuPrefix: string): Promise<() => Promise<void>> {
  if (!/^[A-Za-z0-9-]+$/.test(skuPrefix)) throw new Error(`refuseSku: ${skuPrefix} is not a plain SKU prefix`);
  const trigger = `refuse_${skuPrefix.replace(/-/g, '_')}`.slice(0, 64);
  await pool.query(`
    CREATE TRIGGER ${trigger} BEFORE INSERT ON order_items FOR EACH ROW
    BEGIN
      IF NEW.sku LIKE '${skuPrefix}%' THEN
        SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = '${refusalMessage(skuPrefix)}';
      END IF;
    END`);
  return async () => {
    await pool.query(`DROP TRIGGER IF EXISTS ${trigger}`);
  };
}
