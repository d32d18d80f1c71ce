import { AnswerResponse } from '../../gateway/answerResponse';
import type { HttpAnswer } from '../../gateway/httpPost';

const answer = (body: string, status = 200): HttpAnswer => ({
  status, statusText: status === 200 ? 'OK' : 'Bad Request', body: Buffer.from(body),
  headers: { 'content-type': 'application/json; charset=utf-8', 'set-cookie': ['a=1', 'b=2'] },
});

describe('AnswerResponse', () => {
  it('parses the JSON body straight from the bytes, multi-byte text included', async () => {
    const res = new AnswerResponse('http://127.0.0.1/graphql', answer('{"data":{"name":"Zoë 🎉","n":"9007199254740993"}}'));
    expect(res.ok).toBe(true);
    expect(await res.json()).toEqual({ data: { name: 'Zoë 🎉', n: '9007199254740993' } });
  });

  it('reads headers by any case of their name, as fetch does', () => {
    const res = new AnswerResponse('u', answer('{}'));
    expect(res.headers.get('Content-Type')).toBe('application/json; charset=utf-8');
    expect(res.headers.has('CONTENT-TYPE')).toBe(true);
    expect(res.headers.get('set-cookie')).toBe('a=1, b=2');
    expect(res.headers.get('x-missing')).toBeNull();
    expect([...res.headers].map(([name]) => name)).toEqual(['content-type', 'set-cookie']);
  });

  it('takes the status it is given (a refusal carrying GraphQL errors is passed on as 200)', () => {
    const refused = new AnswerResponse('u', answer('{"errors":[{"message":"no"}]}', 400), 200);
    expect(refused.ok).toBe(true);
    expect(refused.status).toBe(200);
    const failed = new AnswerResponse('u', answer('{}', 400));
    expect(failed.ok).toBe(false);
    expect(failed.statusText).toBe('Bad Request');
  });

  it('lets the body be read once, and a clone taken before that reads it again', async () => {
    const res = new AnswerResponse('u', answer('{"a":1}'));
    const copy = res.clone();
    expect(await res.text()).toBe('{"a":1}');
    expect(res.bodyUsed).toBe(true);
    await expect(res.json()).rejects.toThrow(/not read yet/);
    expect(() => res.clone()).toThrow(/not read yet/);
    expect(new Uint8Array(await copy.arrayBuffer())).toEqual(new Uint8Array(Buffer.from('{"a":1}')));
  });

  it('fails like fetch on a body that is not JSON', async () => {
    await expect(new AnswerResponse('u', answer('<html>')).json()).rejects.toThrow(SyntaxError);
  });
});
