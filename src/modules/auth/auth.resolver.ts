import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../../context.js';
import { AuthPayload, LoginInput, RegisterInput } from './auth.types.js';

@Resolver()
export class AuthResolver {
  @Mutation(() => AuthPayload, { description: 'Creates an account and signs it in. CONFLICT (with field) when the email or username is taken. Anyone may call it.' })
  register(@Arg('input', () => RegisterInput, { description: 'Email, username, password and optional display name.' }) input: RegisterInput, @Ctx() ctx: Context) {
    return ctx.app.services.auth.register(ctx, input);
  }

  @Mutation(() => AuthPayload, { description: 'Signs in with email or username and password, starting a new session. Anyone may call it. Wrong credentials get one generic UNAUTHENTICATED error; banned accounts get FORBIDDEN. Rate limited.' })
  login(@Arg('input', () => LoginInput, { description: 'Exactly one of email or username, and the password.' }) input: LoginInput, @Ctx() ctx: Context) {
    return ctx.app.services.auth.login(ctx, input);
  }

  @Mutation(() => AuthPayload, { description: 'Trades a refresh token for new tokens (the old refresh token stops working). Anyone holding a refresh token may call it; no access token is needed. Presenting an already-used refresh token ends the session, unless it is the retry of a refresh with the same attempt (see attempt).' })
  refreshToken(
    @Arg('refreshToken', () => String, { description: 'The refresh token from login, register or the previous refresh.' }) refreshToken: string,
    @Ctx() ctx: Context,
    @Arg('attempt', () => String, {
      nullable: true,
      description:
        "A random id the client picks for this refresh (16-64 letters, digits, '-' or '_') and keeps until it has the answer. Sending the same refreshToken with the same attempt again within 60 s of the rotation it made (an answer lost to a reload or a dropped connection) returns that rotation's refresh token again, with a new access token, instead of ending the session.",
    })
    attempt?: string | null,
  ) {
    return ctx.app.services.auth.refresh(ctx, refreshToken, attempt ?? null);
  }

  @Authorized()
  @Mutation(() => Boolean, { description: "Ends the current session: its access and refresh tokens stop working at once and its live sockets close. Signed-in users only." })
  logout(@Ctx() ctx: Context) {
    return ctx.app.services.auth.logout(ctx);
  }

  @Authorized()
  @Mutation(() => Boolean, { description: "Changes the viewer's password and ends every other session. BAD_USER_INPUT (field currentPassword) when the current password is wrong." })
  changePassword(
    @Arg('currentPassword', () => String, { description: 'The password in use now.' }) currentPassword: string,
    @Arg('newPassword', () => String, { description: 'The new password, 8-128 characters.' }) newPassword: string,
    @Ctx() ctx: Context,
  ) {
    return ctx.app.services.auth.changePassword(ctx, currentPassword, newPassword);
  }

  @Mutation(() => Boolean, { description: 'Emails a single-use reset token (valid one hour) if an account has this email. Anyone may call it. Always returns true, so it does not reveal which emails exist. Rate limited.' })
  requestPasswordReset(@Arg('email', () => String, { description: 'Email address of the account.' }) email: string, @Ctx() ctx: Context) {
    return ctx.app.services.auth.requestPasswordReset(ctx, email);
  }

  @Mutation(() => Boolean, { description: 'Sets a new password with a reset token and ends every session of the account. Anyone holding a reset token may call it. BAD_USER_INPUT (field token) when the token is invalid, expired or used.' })
  resetPassword(
    @Arg('token', () => String, { description: 'The token from the reset email.' }) token: string,
    @Arg('newPassword', () => String, { description: 'The new password, 8-128 characters.' }) newPassword: string,
    @Ctx() ctx: Context,
  ) {
    return ctx.app.services.auth.resetPassword(ctx, token, newPassword);
  }
}
