/** Injection token of the IntakeConfig read at boot. */
export const INTAKE_CONFIG = Symbol('INTAKE_CONFIG');
