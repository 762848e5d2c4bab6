/** Injection token of the NotifierConfig read at boot. */
export const NOTIFIER_CONFIG = Symbol('NOTIFIER_CONFIG');
