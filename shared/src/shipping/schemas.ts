/** What an order's delivery looks like to the shopper (order detail) and to staff: built by `forOrder` (repo.d1.ts). */
import { z } from '@hono/zod-openapi';
import { shipments } from '../db/schema';
import { SHIPMENT_STATES } from './carrier-status';

export const ShipmentStateSchema = z.enum(SHIPMENT_STATES).openapi('ShipmentState');
const Millis = z.number().int().openapi({ description: 'Unix time in milliseconds' });

export const DeliverySchema = z
  .object({
    shipments: z.array(
      z.object({
        id: z.string(),
        carrier: z.enum(shipments.carrier.enumValues),
        trackingCode: z.string(),
        status: ShipmentStateSchema,
        codAmount: z.number().int().openapi({ description: 'Integer VND the carrier collects on delivery' }),
        createdAt: Millis,
        label: z.string(),
      }),
    ),
    events: z.array(
      z.object({
        shipmentId: z.string(),
        carrierStatus: z.string().openapi({ description: "The carrier's own status code" }),
        status: ShipmentStateSchema.nullable().openapi({ description: 'null: a status the mapping does not know (see `unknown`)' }),
        unknown: z.boolean(),
        at: Millis,
        label: z.string(),
      }),
    ),
  })
  .openapi('Delivery');
export type Delivery = z.infer<typeof DeliverySchema>;
