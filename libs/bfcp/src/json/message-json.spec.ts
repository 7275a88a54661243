import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { validMessage } from '../__fixtures__/arbitraries.js';
import { BfcpError } from '../errors.js';
import { messageFromJson, messageToJson } from './message-json.js';

describe('the JSON form', () => {
  it('messageFromJson(JSON round trip of messageToJson(m)) equals m', () => {
    fc.assert(
      fc.property(validMessage, (m) => {
        const json: unknown = JSON.parse(JSON.stringify(messageToJson(m)));
        expect(messageFromJson(json)).toEqual(m);
      }),
      { numRuns: 500 },
    );
  });

  it('arbitrary JSON gives a message or INVALID_JSON, never another exception', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        try {
          messageFromJson(value);
        } catch (error) {
          expect(error).toBeInstanceOf(BfcpError);
          expect((error as BfcpError).code).toBe('INVALID_JSON');
        }
      }),
    );
  });

  it('accepts names for primitives and request statuses, defaults M to true', () => {
    expect(
      messageFromJson({
        primitive: 'ChairAction',
        conferenceId: 1,
        transactionId: 2,
        userId: 3,
        attributes: [
          {
            type: 'FLOOR-REQUEST-INFORMATION',
            value: 9,
            attributes: [
              {
                type: 'FLOOR-REQUEST-STATUS',
                value: 1,
                attributes: [{ type: 'REQUEST-STATUS', value: { status: 'Granted' } }],
              },
            ],
          },
        ],
      }),
    ).toMatchObject({
      version: 1,
      primitive: 9,
      attributes: [
        {
          mandatory: true,
          attributes: [{ attributes: [{ value: { status: 3, queuePosition: 0 } }] }],
        },
      ],
    });
  });

  it('says where the JSON is wrong', () => {
    expect(() =>
      messageFromJson({
        primitive: 'Hello',
        conferenceId: 1,
        transactionId: 1,
        userId: 1,
        attributes: [{ typeId: 2, type: 'FLOOR-ID', value: -1 }],
      }),
    ).toThrow('message.attributes[0].value');
    expect(() => messageFromJson({ primitive: 'Nope' })).toThrow(
      expect.objectContaining({ code: 'INVALID_JSON' }),
    );
    expect(() =>
      messageFromJson({
        primitive: 'Hello',
        conferenceId: 1,
        transactionId: 1,
        userId: 1,
        attributes: [{ type: 'FLOOR-ID', typeId: 3, value: 1 }],
      }),
    ).toThrow('typeId');
  });
});
