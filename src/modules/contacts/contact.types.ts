import { ConnectionType } from '../../common/connection.js';
import { ContactRequest } from './contact.entity.js';

export const ContactRequestConnection = ConnectionType(ContactRequest, 'ContactRequest', 'contact request');
export type ContactRequestConnection = InstanceType<typeof ContactRequestConnection>;
