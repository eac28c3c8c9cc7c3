import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType('Session', { description: "One signed-in device of the viewer (a login). Revoking it signs that device out and closes its sockets." })
export class DeviceSession {
  @Field(() => ID, { description: 'Opaque, stable identifier.' })
  id!: string;

  @Field(() => String, { description: 'A short description of the device, from its user agent (e.g. "Firefox on Linux"); "Unknown device" when it sent none.' })
  device!: string;

  @Field(() => String, { nullable: true, description: 'The full user agent it signed in with.' })
  userAgent!: string | null;

  @Field(() => String, { nullable: true, description: 'The IP address it signed in from.' })
  ip!: string | null;

  @Field(() => Date, { description: 'When it signed in.' })
  createdAt!: Date;

  @Field(() => Date, { description: 'When it last refreshed its access token (its sign-in time until then).' })
  lastUsedAt!: Date;

  @Field(() => Date, { description: 'When it will have to sign in again.' })
  expiresAt!: Date;

  @Field(() => Boolean, { description: 'True for the session this request runs under.' })
  current!: boolean;
}
