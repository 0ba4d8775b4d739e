// Types for the parts of ltijs 5.9.9 (plain CommonJS, no types of its own) that StudyHall uses. The
// names follow ltijs's source (node_modules/ltijs/dist/Provider/Provider.js, Utils/Database.js).
declare module "ltijs" {
  import type { Express, NextFunction, Request, Response } from "express";

  /** A query on one of ltijs's collections: every field must equal (MongoDB `find` with plain values). */
  export type LtijsQuery = Record<string, unknown>;
  export type LtijsDocument = Record<string, unknown>;

  /** The database plugin interface ltijs calls (see Utils/Database.js for MongoDB's). */
  export interface LtijsDatabase {
    setup(): Promise<boolean>;
    Close(): Promise<boolean>;
    Get(
      encryptionKey: string | false,
      collection: string,
      query?: LtijsQuery,
    ): Promise<LtijsDocument[] | false>;
    Insert(
      encryptionKey: string | false,
      collection: string,
      item: LtijsDocument,
      index?: LtijsQuery,
    ): Promise<boolean>;
    Replace(
      encryptionKey: string | false,
      collection: string,
      query: LtijsQuery,
      item: LtijsDocument,
      index?: LtijsQuery,
    ): Promise<boolean>;
    Modify(
      encryptionKey: string | false,
      collection: string,
      query: LtijsQuery,
      modification: LtijsDocument,
    ): Promise<boolean>;
    Delete(collection: string, query: LtijsQuery): Promise<boolean>;
  }

  /** What a successful launch leaves in `res.locals.token` (ltijs's "idtoken" record, not the JWT). */
  export interface LtijsIdToken {
    iss: string;
    user: string;
    clientId: string;
    platformId: string;
    deploymentId: string;
    userInfo?: { given_name?: string; family_name?: string; name?: string; email?: string };
    platformContext: LtijsDocument & { contextId: string; roles?: string[]; messageType?: string };
  }

  export type LtijsHandler = (req: Request, res: Response, next: NextFunction) => unknown;
  export type LtijsConnectHandler = (
    token: LtijsIdToken,
    req: Request,
    res: Response,
    next: NextFunction,
  ) => unknown;

  export interface LtijsSetupOptions {
    appRoute?: string;
    loginRoute?: string;
    keysetRoute?: string;
    dynRegRoute?: string;
    cors?: boolean;
    ltiaas?: boolean;
    devMode?: boolean;
    tokenMaxAge?: number | false;
    cookies?: { secure?: boolean; sameSite?: string; domain?: string };
    serverAddon?: (app: Express) => void;
  }

  export interface LtijsProvider {
    app: Express;
    Database: LtijsDatabase;
    setup(
      encryptionKey: string,
      database: { plugin: LtijsDatabase },
      options?: LtijsSetupOptions,
    ): LtijsProvider;
    deploy(options?: { serverless?: boolean; silent?: boolean; port?: number }): Promise<true>;
    close(options?: { silent?: boolean }): Promise<true>;
    onConnect(handler: LtijsConnectHandler): true;
    onDeepLinking(handler: LtijsConnectHandler): true;
    onInvalidToken(handler: LtijsHandler): true;
    onSessionTimeout(handler: LtijsHandler): true;
    onUnregisteredPlatform(handler: LtijsHandler): true;
    onInactivePlatform(handler: LtijsHandler): true;
    /** Paths ltijs lets through when a request carries no ltik (or one it cannot verify). */
    whitelist(...routes: Array<string | RegExp | { route: string | RegExp; method: string }>): unknown[];
  }

  const ltijs: { Provider: LtijsProvider };
  export default ltijs;
}
