import { Field, InputType } from 'type-graphql';
import { WhoCanMessageMe } from '../contacts/message-privacy.js';
import { ConnectionType } from '../../common/connection.js';
import { User } from './user.entity.js';

export const UserConnection = ConnectionType(User, 'User', 'user');
export type UserConnection = InstanceType<typeof UserConnection>;

@InputType({ description: "Changes to the viewer's profile; omitted fields stay as they are." })
export class UpdateProfileInput {
  @Field(() => String, { nullable: true, description: 'New display name (up to 64 characters); an empty string clears it.' })
  displayName?: string | null;

  @Field(() => String, { nullable: true, description: 'New username; CONFLICT when taken.' })
  username?: string | null;

  @Field(() => String, { nullable: true, description: 'New email; CONFLICT when taken. Changing it needs currentPassword, and the old address is told.' })
  email?: string | null;

  @Field(() => String, { nullable: true, description: 'The password in use now: required to change the email (BAD_USER_INPUT, field currentPassword, when missing or wrong; rate limited).' })
  currentPassword?: string | null;

  @Field(() => Boolean, { nullable: true, description: "Whether others see when the viewer has read their messages (Message.seenBy). Off, the viewer sees nobody's either." })
  shareReadReceipts?: boolean | null;

  @Field(() => WhoCanMessageMe, { nullable: true, description: 'Who may open a direct room with the viewer: EVERYONE, or CONTACTS only. Existing direct rooms stay.' })
  whoCanMessageMe?: WhoCanMessageMe | null;
}
