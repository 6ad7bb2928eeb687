import { shared } from '../../styles/shared.js';
import { fieldStyles } from '../../styles/field.js';

/** This field uses the shared field layout unchanged. */
export const styles = [shared, fieldStyles];
