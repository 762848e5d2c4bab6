export { envReader } from './env-reader';
