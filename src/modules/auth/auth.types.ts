import { Field, InputType, ObjectType } from 'type-graphql';
import { User } from '../users/user.entity.js';

@ObjectType({ description: 'Tokens for a signed-in session. Send accessToken as "Authorization: Bearer <token>"; trade refreshToken for new tokens before it expires.' })
export class AuthPayload {
  @Field(() => String, { description: 'Short-lived JWT (30 minutes) for the Authorization header and graphql-ws connectionParams.' })
  accessToken!: string;

  @Field(() => String, { description: 'Single-use token for refreshToken; rotated on every use. Keep it secret.' })
  refreshToken!: string;

  @Field(() => Date, { description: 'When accessToken expires; refresh a little before.' })
  accessTokenExpiresAt!: Date;

  @Field(() => User, { description: 'The signed-in user.' })
  user!: User;
}

@InputType({ description: 'A new account.' })
export class RegisterInput {
  @Field(() => String, { description: 'Email address; unique regardless of case.' })
  email!: string;

  @Field(() => String, { description: 'Handle: 3-32 letters, digits, _ . or -; unique regardless of case.' })
  username!: string;

  @Field(() => String, { description: 'Password, 8-128 characters.' })
  password!: string;

  @Field(() => String, { nullable: true, description: 'Optional name to show instead of the username (up to 64 characters).' })
  displayName?: string | null;
}

@InputType({ description: 'Credentials. Give exactly one of email or username.' })
export class LoginInput {
  @Field(() => String, { nullable: true, description: 'Email address of the account.' })
  email?: string | null;

  @Field(() => String, { nullable: true, description: 'Username of the account (case-insensitive).' })
  username?: string | null;

  @Field(() => String, { description: 'The account password.' })
  password!: string;
}
