-- Issue 12 items 1, 2, 4 (ADR 0014): refunds follow one rule, one open waybill per order, one timeline row per step.
-- Money given back to the shopper; an order holds paid_amount - refunded_amount (shared/src/orders/money.ts).
ALTER TABLE `orders` ADD `refunded_amount` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Refunds recorded before this column existed: a refunded order gave everything back, a refunded overpayment its excess.
UPDATE `orders` SET `refunded_amount` = `paid_amount` WHERE `payment_status` = 'refunded';--> statement-breakpoint
UPDATE `orders` SET `refunded_amount` = `paid_amount` - `total`
  WHERE `payment_status` = 'paid' AND `paid_amount` > `total`
    AND EXISTS (SELECT 1 FROM `bank_transactions` t WHERE t.`order_id` = `orders`.`id` AND t.`match_status` = 'refunded');--> statement-breakpoint
-- Money stranded on orders that were cancelled or expired while holding it: now awaiting refund.
UPDATE `orders` SET `payment_status` = 'refund_pending'
  WHERE `status` IN ('cancelled', 'expired', 'returned') AND `paid_amount` > `refunded_amount` AND `payment_status` <> 'refund_pending';--> statement-breakpoint
UPDATE `payments` SET `status` = 'refund_pending'
  WHERE `order_id` IN (SELECT `id` FROM `orders` WHERE `payment_status` = 'refund_pending') AND `status` <> 'refund_pending';--> statement-breakpoint
-- One open waybill per order: close all but the newest open one of an order before the index exists.
UPDATE `shipments` SET `status` = 'cancelled'
  WHERE `status` NOT IN ('delivered', 'returned', 'cancelled', 'lost', 'damaged')
    AND `id` <> (SELECT s2.`id` FROM `shipments` s2 WHERE s2.`order_id` = `shipments`.`order_id`
                 AND s2.`status` NOT IN ('delivered', 'returned', 'cancelled', 'lost', 'damaged') ORDER BY s2.`created_at` DESC, s2.`id` DESC LIMIT 1);--> statement-breakpoint
CREATE UNIQUE INDEX `shipments_open_uq` ON `shipments` (`order_id`) WHERE "shipments"."status" NOT IN ('delivered', 'returned', 'cancelled', 'lost', 'damaged');--> statement-breakpoint
-- Timeline rows: only events that moved the shipment are shown. Older rows: the first of each carrier status counts.
ALTER TABLE `shipment_events` ADD `applied` integer DEFAULT false NOT NULL;--> statement-breakpoint
UPDATE `shipment_events` SET `applied` = 1
  WHERE `mapped_status` IS NOT NULL
    AND `id` = (SELECT e2.`id` FROM `shipment_events` e2 WHERE e2.`shipment_id` = `shipment_events`.`shipment_id`
                AND e2.`carrier_status` = `shipment_events`.`carrier_status` ORDER BY e2.`occurred_at`, e2.`rowid` LIMIT 1);
