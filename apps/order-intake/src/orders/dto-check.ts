import { getMetadataStorage, ValidationTypes, type MetadataStorage, type ValidatorOptions } from 'class-validator';

type ValidationMetadata = ReturnType<MetadataStorage['getTargetValidationMetadatas']>[number];
type Validate = (value: unknown, args: object) => unknown;
/** A decorated class, as class-validator's storage keys it. */
type Target = Parameters<MetadataStorage['getTargetValidationMetadatas']>[0];

interface Constraint {
  metadata: ValidationMetadata;
  /** The validators class-validator runs for this decorator (one per registered constraint). */
  validators: Validate[];
}

interface PropertyRule {
  name: string;
  conditions: Array<(object: object, value: unknown) => unknown>;
  constraints: Constraint[];
  nested: ValidationMetadata[];
}

interface ClassRule {
  known: Set<string>;
  properties: PropertyRule[];
}

/** What the rules below handle; a decorator of any other type turns the shortcut off for its class. */
const HANDLED = new Set<string>([
  ValidationTypes.CUSTOM_VALIDATION,
  ValidationTypes.NESTED_VALIDATION,
  ValidationTypes.CONDITIONAL_VALIDATION,
  ValidationTypes.IS_DEFINED,
  ValidationTypes.WHITELIST,
]);

/** A constraint's verdict that is a plain yes: a promise is an async constraint, which validateSync skips. */
const holds = (verdict: unknown): boolean =>
  Boolean(verdict) && !(typeof verdict === 'object' && typeof (verdict as { then?: unknown }).then === 'function');

/**
 * A shortcut past class-validator for the instances it would pass, read from
 * the same decorators. validateSync allocates an error object per property and
 * gathers each class's metadata afresh for every object it checks (half of the
 * bytes intake allocated per order, and most of its garbage collection); this
 * reads the metadata once per class and runs the very constraint functions
 * class-validator runs, allocating nothing.
 *
 * passes() is true only when validateSync would find no error; false means
 * "ask class-validator", which then finds the errors (or none) and writes the
 * messages. So it can only be wrong by saying false, which costs time, never
 * an answer. Anything it does not model (an async constraint, a Set, other
 * decorator types, options other than the whitelist ones) says false.
 */
export class DtoCheck {
  private readonly storage = getMetadataStorage();
  private readonly rules = new Map<Target, Map<string | undefined, ClassRule | null>>();
  private readonly enabled: boolean;

  constructor(private readonly options: ValidatorOptions) {
    const { whitelist, forbidNonWhitelisted, forbidUnknownValues, groups, always, strictGroups } = options;
    this.enabled =
      // With a whitelist that strips instead of refusing, class-validator changes the instance.
      (!whitelist || forbidNonWhitelisted === true) &&
      forbidUnknownValues === false &&
      !groups?.length &&
      !always &&
      !strictGroups &&
      !options.skipMissingProperties &&
      !options.skipNullProperties &&
      !options.skipUndefinedProperties;
  }

  passes(instance: object): boolean {
    return this.enabled && this.check(instance, undefined);
  }

  /** ValidationExecutor.execute, for an instance it would pass. */
  private check(object: object, schema: string | undefined): boolean {
    // A class-transformer instance; anything else (a null-prototype object) is class-validator's to judge.
    if (typeof object.constructor !== 'function') return false;
    const rule = this.rule(object.constructor, schema);
    if (!rule) return false;
    if (this.options.whitelist) {
      for (const key of Object.keys(object)) if (!rule.known.has(key)) return false;
    }
    for (const property of rule.properties) {
      if (!this.checkProperty(object, (object as Record<string, unknown>)[property.name], property)) return false;
    }
    return true;
  }

  /** ValidationExecutor.performValidations. */
  private checkProperty(object: object, value: unknown, property: PropertyRule): boolean {
    // Every condition runs, as class-validator runs them all before it decides.
    let applies = true;
    for (const condition of property.conditions) applies = Boolean(condition(object, value)) && applies;
    if (!applies) return true;
    for (const { metadata, validators } of property.constraints) {
      if (metadata.validateIf && !metadata.validateIf(object, value)) continue;
      const args = {
        targetName: object.constructor?.name,
        property: metadata.propertyName,
        object,
        value,
        constraints: metadata.constraints,
      };
      if (metadata.each && (value instanceof Set || value instanceof Map)) return false;
      const each = metadata.each && Array.isArray(value);
      for (const validate of validators) {
        if (each ? !(value as unknown[]).every((item) => holds(validate(item, args))) : !holds(validate(value, args))) {
          return false;
        }
      }
    }
    return value === undefined || property.nested.every((metadata) => this.checkNested(value, metadata));
  }

  /** ValidationExecutor.nestedValidations: every element of an array, or the object itself. */
  private checkNested(value: unknown, metadata: ValidationMetadata): boolean {
    const schema = typeof metadata.target === 'string' ? metadata.target : metadata.target.name;
    if (Array.isArray(value)) return value.every((item) => this.checkElement(item, metadata, schema));
    if (value instanceof Set || value instanceof Map) return false;
    return typeof value === 'object' && value !== null && this.check(value, schema);
  }

  private checkElement(item: unknown, metadata: ValidationMetadata, schema: string): boolean {
    if (item === undefined || item instanceof Set || item instanceof Map) return false;
    if (Array.isArray(item)) return this.checkNested(item, metadata);
    return typeof item === 'object' && item !== null && this.check(item, schema);
  }

  /** The class's decorators as class-validator reads them for this schema, once. */
  private rule(target: Target, schema: string | undefined): ClassRule | null {
    let bySchema = this.rules.get(target);
    if (!bySchema) this.rules.set(target, (bySchema = new Map()));
    let rule = bySchema.get(schema);
    if (rule === undefined) bySchema.set(schema, (rule = this.compile(target, schema)));
    return rule;
  }

  private compile(target: Target, schema: string | undefined): ClassRule | null {
    const metadatas = this.storage.getTargetValidationMetadatas(target, schema as string, false, false, undefined);
    if (metadatas.some((m) => !HANDLED.has(m.type))) return null;
    const grouped = this.storage.groupByPropertyName(metadatas);
    const properties: PropertyRule[] = [];
    for (const name of Object.keys(grouped)) {
      const own = grouped[name];
      const constraints: Constraint[] = [];
      for (const metadata of own) {
        if (metadata.type !== ValidationTypes.CUSTOM_VALIDATION && metadata.type !== ValidationTypes.IS_DEFINED)
          continue;
        const registered = this.storage.getTargetValidatorConstraints(metadata.constraintCls);
        // validateSync skips async constraints; a shortcut that did the same would need to know they pass.
        if (registered.some((c) => c.async)) return null;
        const validators = registered.map((c) => {
          const instance = c.instance;
          return (value: unknown, args: object) => instance.validate(value, args as never);
        });
        constraints.push({ metadata, validators });
      }
      properties.push({
        name,
        conditions: own
          .filter((m) => m.type === ValidationTypes.CONDITIONAL_VALIDATION)
          .map((m) => m.constraints[0] as (object: object, value: unknown) => unknown),
        constraints,
        nested: own.filter((m) => m.type === ValidationTypes.NESTED_VALIDATION),
      });
    }
    return { known: new Set(Object.keys(grouped).filter((name) => grouped[name].length > 0)), properties };
  }
}
