CREATE TABLE `carrier_ward_mappings` (
	`carrier` text NOT NULL,
	`ward_code` text NOT NULL,
	`district_id` integer NOT NULL,
	`carrier_ward_code` text NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`carrier`, `ward_code`),
	FOREIGN KEY (`ward_code`) REFERENCES `wards`(`code`) ON UPDATE no action ON DELETE no action
);
