/** Injection token of the FulfillmentConfig read at boot. */
export const FULFILLMENT_CONFIG = Symbol('FULFILLMENT_CONFIG');
