import { ConnectionType } from '../../common/connection.js';
import { RoomBan } from './room-ban.entity.js';

export const RoomBanConnection = ConnectionType(RoomBan, 'RoomBan', 'room ban');
export type RoomBanConnection = InstanceType<typeof RoomBanConnection>;
