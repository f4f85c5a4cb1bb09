// The fnf 2019-03-15 Node SDK ships no types. What the tests use of it: the generated operations (all
// POST or GET RPC calls) and pop-core's generic `request`, which signs every action the same way.
declare module '@alicloud/fnf-2019-03-15' {
  type Params = Record<string, unknown>;
  interface RequestOptions {
    readonly method?: 'GET' | 'POST';
    readonly formatParams?: boolean;
  }
  export default class Client {
    constructor(config: { endpoint: string; accessKeyId: string; accessKeySecret: string; opts?: object });
    request<T = Record<string, unknown>>(action: string, params?: Params, options?: RequestOptions): Promise<T>;
    createFlow(params: Params): Promise<Record<string, unknown>>;
    describeFlow(params: Params): Promise<Record<string, unknown>>;
    updateFlow(params: Params): Promise<Record<string, unknown>>;
    deleteFlow(params: Params): Promise<Record<string, unknown>>;
    listFlows(params?: Params): Promise<Record<string, unknown>>;
  }
}
